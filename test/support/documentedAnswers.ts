/** SMS Partner's answers as its own pages print them, for the engine and e2e tests. */

/** `GET /me` in XML, verbatim from SMS Partner's credits page. */
export const ME_XML_DOCUMENTED = `<?xml version='1.0' encoding='UTF-8'?>
<result>
    <entry>true</entry>
    <entry>200</entry>
    <entry>
        <username>exemple@email.com</username>
        <firstname>John</firstname>
        <lastname>Doe</lastname>
    </entry>
    <entry>
        <entry>269070</entry>
        <entry>444551</entry>
        <entry>2044937</entry>
        <entry>0</entry>
        <entry>
            <![CDATA[10224.688]]>
        </entry>
        <entry>
            <![CDATA[EUR]]>
        </entry>
        <entry>
            <![CDATA[10224.688]]>
        </entry>
    </entry>
</result>
`;

/** Code 9 in XML, verbatim from SMS Partner's send page (French). */
export const CODE_9_XML_DOCUMENTED = `<?xml version='1.0' encoding='UTF-8'?>
 <result>
          <entry>false</entry>
          <entry>9</entry>
          <entry>
                <entry>
                  <entry>children[message].data</entry>
                  <entry>Le message est requis</entry>
                </entry>
                <entry>
                   <entry>children[phoneNumbers].data</entry>
                   <entry>Ce numéro de téléphone n'est pas valide (922264)</entry>
                </entry>
                <entry>
                    <entry>children[sender].data</entry>
                    <entry>L'émetteur ne peut pas être plus long que 11 caractères</entry>
                </entry>
                <entry>
                    <entry>children[scheduledDeliveryDate].data</entry>
                    <entry>La date (21/11/2014 à :) est anterieure à la date actuelle. Si vous
                     souhaitez l'envoyer maintenant vous devez sélectionner [Envoi immédiat]</entry>
                </entry>
                <entry>
                    <entry>children[minute].data</entry>
                    <entry>La minute est requise</entry>
                </entry>
                <entry>
                    <entry>children[time].data</entry>
                    <entry>L'heure est requise</entry>
                </entry>
      </entry>
</result>
`;

/**
 * `/vn/send`'s JSON answer as SMS Partner's long-number page (S5) prints it, layout kept; the page
 * prints `xxx` for `message_id` and `cost`, which are numbers here.
 */
export const VN_SEND_JSON_DOCUMENTED = `{
   "success":true,
   "code":200,
   "message_id":48213377,
   "nb_sms": 1,
   "cost": 0.045,
   "currency": "EUR"
}
`;
