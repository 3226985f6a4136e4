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

// ---------------------------------------------------------------------------
// Issue 25's calls. Some pages indent with non-breaking spaces (written \u00a0 here):
// they are kept, since a stand-in copied from the pages would send them.

/** `POST /group/add`, verbatim from the French "Ajouter un groupe" page (S19 p1): code 2 on success. */
export const GROUP_ADD_DOCUMENTED = `{ \u00a0 
"success": true, \u00a0 
"code": 2, \u00a0 
"name": "Nom du groupe", \u00a0 
"groupId": "ID GROUPE" 
}
`;

/** `GET /group/list`, verbatim from "Obtenir la liste des groupes" (S19 p7, French and English alike): `success: false` and no code, beside the list. */
export const GROUP_LIST_DOCUMENTED = `{
  "success": false,
  "groups": [
    {
      "id": "identifiant du groupe",
      "name": "groupe name",
      "createdAt": "2020-10-02T16:40:05+02:00",
      "isSpecialFile": false,
      "isLocationFile": false
    }
  ]
}
`;

/** `/groupe/delete` (French page) or `/group/delete` (English page), verbatim (S19 p3). */
export const GROUP_DELETE_DOCUMENTED = `{
  "success": true,
  "code": 200
}
`;

/** `POST /contact/add` with a `contactsList`, verbatim from "Ajouter un lot de contacts" (S19 p4): no `success`, no `code`, lines without a contact ID, a `rapport`. */
export const CONTACTS_ADD_DOCUMENTED = `{
   "groupe": {
       "name": "NOM DU GROUPEl",
       "token": "GROUP_ID"
   },
   "results": [
       {
           "success": false,
           "code": 15,
           "phoneNumber": "+33600000000",
           "message": "Le numéro est déjà dans le groupe"
       },
       {
           "success": false,
           "code": 15,
           "phoneNumber": "+33600000001",
           "message": "Le numéro est déjà dans le groupe"
       }
   ],
   "rapport": 
\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0{
       "nbline": 2,
       "nbline_imported": 0,
       "nbline_updated": 0,
       "errors": 
\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0{
           "stopSms": 0,
           "invalidePhone": 0,
           "duplicatePhone": 0,
           "allreadyInGroupe": 2,
           "urlInvalide": 0,
           "dateInvalide": 0,
           "empty": 0,
           "unactivated": 0,
           "dateInvalid": 0
       }
   }
}
`;

/** `POST /contact/update`, verbatim (S19 p5): the fields sent, echoed, and the contact ID. */
export const CONTACT_UPDATE_DOCUMENTED = `{
  "success": true,
  "code": 200,
  "contact": {
    "phoneNumber": "+xxxxxxxx",
    "firstname": "prénom",
    "lastname": "nom",
    "url": "",
    "date": "12-06-2020",
    "custom2": "custom2",
    "contactId": "ID CONTACT"
  }
}
`;

/** `POST /contact/delete`, verbatim (S19 p6). */
export const CONTACT_DELETE_DOCUMENTED = `{
 \u00a0 "success": true,
 \u00a0 "code": 200
}
`;

/** `GET /contact/detail`, verbatim (S19 p9): the number is `phone`, the group ID a JSON number. */
export const CONTACT_DETAIL_DOCUMENTED = `{
 \u00a0 "success": true,
 \u00a0 "code": 200,
 \u00a0 "contact": {
 \u00a0 \u00a0 \u00a0 "contactId": "ID CONTACT",
 \u00a0 \u00a0 \u00a0 "phone": "+xxxxxxxxxxx",
 \u00a0 \u00a0 \u00a0 "firstname": "",
 \u00a0 \u00a0 \u00a0 "lastname": "",
 \u00a0 \u00a0 \u00a0 "url": "",
 \u00a0 \u00a0 \u00a0 "shortUrl": "",
 \u00a0 \u00a0 \u00a0 "date": "",
 \u00a0 \u00a0 \u00a0 "custom1": "",
 \u00a0 \u00a0 \u00a0 "custom2": "",
 \u00a0 \u00a0 \u00a0 "custom3": "",
 \u00a0 \u00a0 \u00a0 "custom4": "",
 \u00a0 \u00a0 \u00a0 "createdAt": "2020-10-02T16:40:05+02:00",
 \u00a0 \u00a0 \u00a0 "stopSms": false,
 \u00a0 \u00a0 \u00a0 "groupId": 6363
 \u00a0 }
}
`;

/** `GET /contact/list`, as the 2025 English page prints it (G12): `total` is text, the contacts carry no group ID. */
export const CONTACT_LIST_DOCUMENTED = `{
  "success": true,
  "code": 200,
  "currentPage": 1,
  "total": "2",
  "datas": [
    {
      "contactId": "ID_CONTACT",
      "phone": "+33XXXXXXXXX",
      "firstname": "Michel",
      "lastname": "Dupont",
      "url": "",
      "shortUrl": "",
      "date": "",
      "custom1": "",
      "custom2": "",
      "custom3": "",
      "custom4": "",
      "createdAt": "2025-03-12T13:49:22+01:00",
      "stopSms": false
    },
    {
      "contactId": "ID_CONTACT",
      "phone": "+33XXXXXXXXX",
      "firstname": "Marie",
      "lastname": "Bertrand",
      "url": "",
      "shortUrl": "",
      "date": "",
      "custom1": "",
      "custom2": "",
      "custom3": "",
      "custom4": "",
      "createdAt": "2025-03-12T14:33:55+01:00",
      "stopSms": false
    }
  ]
}
`;

/** Code 10 as the French contact pages print it (S19 p1, p2, p5, p7): wrapped in a second pair of braces, so not JSON at all. */
export const KEY_REFUSAL_CONTACT_PAGES = `{ \u00a0 
{ 
"success": false, 
"code": 10, 
"message": "Clef API incorrecte" 
}
}
`;

/** `POST /multi-status`, verbatim from "Statut multiple" (S10). */
export const MULTI_STATUS_DOCUMENTED = `{
    "success": true,
    "code": 200,
    "StatutResponse_List": [
        {
            "success": true,
            "code": 200,
            "phoneNumber": "+33699999993",
            "messageId": 111111,
            "status": "Delivered",
            "date": "1517934416",
            "stopSms": "0",
            "isSpam": "0"
        },
        {
            "success": false,
            "code": 4,
            "phoneNumber": "+33699999992",
            "messageId": 1000,
            "status": "Numéro introuvable"
        },
        {
            "success": false,
            "code": 4,
            "phoneNumber": "+33699999991",
            "messageId": 1222,
            "status": "Numéro introuvable"
        }
    ]
}
`;

/** `GET /statistics/cost-resume`, as the 2025 English page prints it: `success` and no `code`. */
export const COST_RESUME_DOCUMENTED = `{
    "success": true,
    "datas": [
        {
            "month": "october",
            "year": "2021",
            "m": "10",
            "date": 1633039200,
            "type": "month",
            "cost": "49.174",
            "nb_send": "1210"
        },
        {
            "month": "november",
            "year": "2021",
            "m": "11",
            "date": 1635721200,
            "type": "month",
            "cost": "67.674",
            "nb_send": "1409"
        }
    ]
}
`;

/** `GET /statistics/cost-resume`, verbatim from the French "Statistique des envois" page (S13): the sample stops after its second month, so it is not JSON. */
export const COST_RESUME_S13_FRAGMENT = `{    
"success": true,    
"datas": [        
{            
"month": "october",            
"year": "2021",            
"m": "10",            
"date": 1633039200,            
"type": "month",            
"cost": "49.174",            
"nb_send": "1210"        
},        


{            
"month": "november",            
"year": "2021",            
"m": "11",            
"date": 1635721200,            
"type": "month",            
"cost": "67.674",            
"nb_send": "1409"        
},
`;

/** `POST /lookup`, verbatim from "Check the Format of a Number": `countryCode` is a country's name. */
export const LOOKUP_DOCUMENTED = `{
    "success": true,
    "code": 200,
    "lookup": [
        {
            "request": "336XXXXXXXX",
            "success": true,
            "countryCode": "France",
            "prefixCode": 33,
            "phoneNumber": "+336XXXXXXXX",
            "type": "Mobile",
            "network": "",
            "format": {
                "e164": "+336XXXXXXXX",
                "international": "+33 6 XX XX XX XX",
                "national": "06 XX XX XX XX",
                "rfc3966": "tel:+33-6-XX-XX-XX-XX"
            }
        }
    ]
}

  `;

/** `POST /hlr/notify`, verbatim from the English "Verify the Validity of a Phone Number" page (its French page prints the `/me` answer instead). */
export const HLR_NOTIFY_DOCUMENTED = `{
    "success": true,
    "code": 200,
    "campaign_id": "HLR000000",
    "number": 1,
    "cost": 0.005,
    "currency": "EUR"
}

  `;

/** `POST /hlr/notify` as its French page prints it: `/me`'s answer, copied by mistake, with a note in the middle that makes it no JSON. */
export const HLR_NOTIFY_FRENCH_PAGE = `{
    "success": true,
    "code": 200,
    "user": {
        "username": "exemple@email.com",
        "firstname": "John",
        "lastname": "Doe"
    },
    "credits": {
        "creditSms": 269082,
        "creditSmsLowCost": 444570 (Ce paramètre sera prochainement supprimé, il est actuellement remplacé par creditSmsECO)
        "creditSmsECO": 444570,
        "creditHlr": 2045023,
        "toSend": 0,
        "solde": "10225.119",
        "currency": "EUR",
        "balance": "10225.119"
    }
}
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
